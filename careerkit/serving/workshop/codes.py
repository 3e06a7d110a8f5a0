"""Resume codes, facilitator keys and session tokens.

A participant's **resume code** is seven words from careerkit's own list of 2,048
plain English words, for example ``otter maple quiz lantern brisk harbor cocoa``.
The first word is a *locator*: it is stored as it is, so a typed code can be matched
to the few participants who share it without trying every profile. The other six
words are the secret: 6 × 11 = 66 bits of entropy, more than the 64 the design asks
for. Only a salted, deliberately slow hash (scrypt, with a fresh salt per code) of
the whole code is kept; the code itself is shown once and never stored.

Facilitator keys and session tokens are long random strings (128 bits or more), so
a fast hash is enough for them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import math
import re
import secrets
from importlib.resources import files

__all__ = [
    "CODE_WORDS",
    "burn_time",
    "SECRET_WORDS",
    "code_entropy_bits",
    "hash_code",
    "hash_token",
    "locator",
    "new_code",
    "new_key",
    "new_token",
    "normalize_code",
    "secret_entropy_bits",
    "verify_code",
    "wordlist",
]

#: Words in a resume code; the first is the locator, the rest are the secret.
CODE_WORDS = 7
SECRET_WORDS = CODE_WORDS - 1

#: scrypt cost for resume codes: about 0.15 s per check on a small server.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 128 * 1024 * 1024
_WORD = re.compile(r"[a-z]+")


@functools.cache
def wordlist() -> tuple[str, ...]:
    """careerkit's list of 2,048 distinct lowercase words, in alphabetical order."""
    text = (files("careerkit.serving.workshop") / "words.txt").read_text(encoding="utf-8")
    words = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(words) != 2048 or len(set(words)) != len(words):
        raise RuntimeError("careerkit's word list is damaged: it must hold 2,048 distinct words")
    return words


def code_entropy_bits(words: int = CODE_WORDS, list_size: int | None = None) -> float:
    """Bits of entropy of ``words`` words drawn uniformly and independently from the list."""
    return words * math.log2(list_size if list_size is not None else len(wordlist()))


def secret_entropy_bits() -> float:
    """Bits of entropy a code keeps once its (stored) locator word is known."""
    return code_entropy_bits(SECRET_WORDS)


def new_code() -> str:
    """A fresh resume code: seven words, each chosen with a cryptographic random source."""
    words = wordlist()
    return " ".join(secrets.choice(words) for _ in range(CODE_WORDS))


def normalize_code(text: object) -> str | None:
    """A typed code in its canonical form (lowercase words, single spaces), or None.

    Accepts any spacing, capitals, hyphens or commas between the words. Anything
    that is not seven words of the list gives None, without saying which part is wrong.
    """
    if not isinstance(text, str) or len(text) > 200:
        return None
    parts = _WORD.findall(text.lower())
    if len(parts) != CODE_WORDS:
        return None
    known = _known()
    if any(p not in known for p in parts):
        return None
    return " ".join(parts)


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(wordlist())


def locator(code: str) -> str:
    """The first word of a normalized code, stored to find candidate participants."""
    return code.split(" ", 1)[0]


def hash_code(code: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """``scrypt$n$r$p$salt$hash`` of a normalized code, with a fresh 16-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(code.encode(), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM, dklen=32)
    return "$".join(["scrypt", str(n), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify_code(code: str, stored: str) -> bool:
    """Whether a normalized code matches a stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(digest)
        actual = hashlib.scrypt(code.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                                maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def burn_time(n: int = SCRYPT_N) -> None:
    """Spend as long as one code check, so a miss takes as long as a near miss."""
    hash_code("careerkit unused code for timing only", salt=b"\0" * 16, n=n)


def new_token() -> str:
    """A session token for links between workbooks (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def new_key() -> str:
    """A facilitator key: 128 random bits written as four groups, easy to copy."""
    raw = secrets.token_hex(16)
    return "-".join(raw[i : i + 8] for i in range(0, 32, 8))


def hash_token(token: str) -> str:
    """SHA-256 of a high-entropy token or key (keys are compared without dashes or case)."""
    canonical = token.strip().lower().replace("-", "") if re.fullmatch(r"[0-9a-fA-F-]{32,40}", token.strip()) else token
    return hashlib.sha256(canonical.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
