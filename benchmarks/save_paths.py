"""Save latency on one SQLite answers file: the sqlite3 path against SQLAlchemy, alternately."""
import os, statistics, sys, tempfile, time, subprocess
d = tempfile.mkdtemp()
url = f"sqlite:///{d}/answers.sqlite"
from careerkit.core.storage.store import Store, _Transaction, _PROFILE_EXISTS, _INSERT_REVISION, profiles_table, _utcnow
from careerkit.core.storage import storefront, sqlitefile
store = Store(url)
store.save("p", "01_x", "a", "warm")
path = storefront.sqlite_file(url)

def fast(i):
    storefront.append_revisions(path, "p", [("01_x", "a", f"value {i}")])

def full(i):
    row = {"profile_id": "p", "workbook": "01_x", "field": "a", "value": sqlitefile.dump(f"value {i}"),
           "saved_at": _utcnow(), "source": "form"}
    with _Transaction(store.engine) as conn:
        if not conn.execute(_PROFILE_EXISTS, {"profile": "p"}).first():
            pass
        conn.execute(_INSERT_REVISION, row)

times = {"sqlite3": [], "sqlalchemy": []}
for i in range(400):
    for name, fn in (("sqlite3", fast), ("sqlalchemy", full)) if i % 2 else (("sqlalchemy", full), ("sqlite3", fast)):
        t = time.perf_counter(); fn(i); times[name].append(time.perf_counter() - t)
for name, ts in times.items():
    ts.sort()
    print(f"{name}: median {statistics.median(ts)*1000:.2f} ms, p90 {ts[int(len(ts)*0.9)]*1000:.2f} ms (n={len(ts)})")
imp = []
for _ in range(5):
    out = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); import sqlalchemy; print(time.perf_counter()-t)"], capture_output=True, text=True)
    imp.append(float(out.stdout))
print(f"import sqlalchemy: median {statistics.median(imp)*1000:.0f} ms (n=5)")
