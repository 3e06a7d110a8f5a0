"""Panels and tools of workbook 03: the values card sort, the top five, alignment ratings, work values.

The card sort and the alignment grid are widgets made of buttons (usable by keyboard
and in Voilà). Each card, and each rating, is one radio group named by its card or value
(see :mod:`careerkit.widgets.a11y`): one Tab stop per card, and the keys 1, 2 and 3 (or
the arrow keys) put the card on a pile. Each change is checked on the kernel side and written through
``wb.save``, so the three piles, the ranking that draws on them and the ratings are
validated and kept like any typed answer.
"""

from __future__ import annotations

import ipywidgets as w
from markupsafe import Markup

from careerkit.core.logic import exploration, values
from careerkit.core.storage.storefront import StoreError
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import onet_attribution_html, register, render

WB = values.WB

_PILE_OPTIONS = [(label, pile) for pile, label in values.PILES.items()]


def _and(items: list[str]) -> str:
    """Items joined as in a sentence: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _error(message: str) -> str:
    return render("<div class='ck-error' role='alert'>⚠ {{ m }}</div>", m=message)


class CardSort(w.VBox):
    """One row per value card with a three-way choice of pile."""

    def __init__(self, wb):
        self.wb = wb
        self.piles = values.check_sort(values.piles(wb.answers))
        self.summary = w.HTML()
        self.status = w.HTML()
        self.status.add_class("ck-message")
        self.hide_sorted = w.Checkbox(value=False, description="Show only the cards still to sort", indent=False)
        self.keyboard = w.HTML("<p class='ck-muted'>With a keyboard: Tab from card to card, and press 1, 2 or 3 "
                           "(or the arrow keys) to put a card on a pile.</p>")
        self.hide_sorted.observe(lambda _c: self._apply_filter(), "value")
        self.rows: dict[str, tuple[w.HBox, w.ToggleButtons]] = {}
        where = {card: pile for pile, cards in self.piles.items() for card in cards}
        for card in values.cards():
            toggle = w.ToggleButtons(options=_PILE_OPTIONS, value=where.get(card.name),
                                     style={"button_width": "8.5em"},
                                     tooltips=[f"{label}: {card.name}" for label, _ in _PILE_OPTIONS])
            toggle.observe(lambda change, name=card.name: self._moved(name, change), "value")
            text = w.HTML(render("<b class='ck-group-label'>{{ c.name }}</b><br>"
                                 "<span class='ck-muted ck-group-help'>{{ c.meaning }}</span>", c=card),
                          layout=w.Layout(flex="1 1 16em"))
            row = w.HBox([text, toggle], layout=w.Layout(align_items="center", flex_flow="row wrap",
                                                         border_bottom="1px solid #eceff3", padding="2px 0"),
                         _dom_classes=("ck-value-card", "ck-group"))
            self.rows[card.name] = (row, toggle)
        self._reverting = False
        super().__init__([self.summary, self.keyboard, self.hide_sorted, self.status,
                          *[r for r, _t in self.rows.values()]])
        self.add_class("ck-card-sort")
        self._draw_summary()

    def _moved(self, card: str, change) -> None:
        if self._reverting:
            return
        try:
            moved = values.move_card(self.piles, card, change["new"])
        except InvalidAnswer as exc:
            self.status.value = _error(exc.message)
            self._revert(card, change["old"])
            return
        changed = [pile for pile in values.PILES if moved[pile] != self.piles[pile]]
        try:
            for pile in changed:
                self.wb.save(pile, moved[pile])
        except InvalidAnswer as exc:
            self.status.value = _error(exc.message)
            self._revert(card, change["old"])
            return
        self.piles = moved
        self.status.value = ""
        self._draw_summary()
        self._apply_filter()

    def _revert(self, card: str, old) -> None:
        self._reverting = True
        try:
            self.rows[card][1].value = old
        finally:
            self._reverting = False

    def _draw_summary(self) -> None:
        total = len(self.rows)
        counts = {pile: len(cards) for pile, cards in self.piles.items()}
        done = sum(counts.values())
        very = counts["very_important"]
        if very < 5:
            tip = f"Put at least five cards in “Very important” to choose a top five ({very} so far)."
        elif very > 12:
            tip = f"{very} cards are very important. Try moving a few to “Important” so the top ones stand out."
        elif done < total:
            tip = "Keep going: sort every card, even the ones that feel obvious."
        else:
            tip = "All cards sorted. Now put your very important values in order below."
        self.summary.value = render(
            "<div class='ck-card'><b>{{ done }} of {{ total }} cards sorted</b> · very important {{ c.very_important }}"
            " · important {{ c.important }} · not important {{ c.not_important }}<br>"
            "<span class='ck-muted'>{{ tip }}</span></div>", done=done, total=total, c=counts, tip=tip)

    def _apply_filter(self) -> None:
        for row, toggle in self.rows.values():
            row.layout.display = "none" if self.hide_sorted.value and toggle.value else ""


@register(WB, "card_sort")
def card_sort(wb) -> w.Widget:
    """The values card sort (a widget that manages itself)."""
    return CardSort(wb)


_TOP = """
{% if not very %}
<div class='ck-chart-empty'>Your top five appears here once you have put cards in “Very important”.</div>
{% elif not top %}
<div class='ck-notice' role='note'>Your very important values are not ranked yet, so nothing is weighed by them.
Put them in order above (use the arrows), then press “Keep this order”: the sorting order of the cards is
never taken as a ranking.</div>
{% else %}
<div class='ck-card'>
<h4>Your top {{ top | length }}</h4>
<ol>
{% for name, weight in top %}
  <li><b>{{ name }}</b> <span class='ck-muted'>· weight {{ (weight * 100) | round | int }}%</span><br>
  <span class='ck-muted'>{{ meanings.get(name, '') }}</span></li>
{% endfor %}
</ol>
{% if unranked %}<p class='ck-notice'>Not ranked yet, so not weighed: {{ unranked | join(", ") }}.
Place {{ "it" if unranked | length == 1 else "them" }} above and press “Keep this order” again.</p>{% endif %}
{% if top | length < 5 %}<p class='ck-notice'>Only {{ top | length }} value{{ 's' if top | length != 1 }} ranked.
Rank a few more very important values to complete your top five.</p>{% endif %}
<p class='ck-muted'>Weights follow your order: the first value counts five times as much as the fifth.
Workbook 10 uses them when you weigh your final options.</p>
</div>
{% endif %}
"""


class TopFive(w.VBox):
    """The top five with their weights, shown only from a ranking the person kept."""

    def __init__(self, wb):
        self.wb = wb
        self.keep = w.Button(description="Keep this order", icon="check", button_style="primary")
        self.keep.on_click(lambda _b: self.save())
        self.message = w.HTML()
        self.summary = w.HTML()
        super().__init__([w.HBox([self.keep]), self.message, self.summary])
        self.add_class("ck-top-five")
        self.refresh()
        wb.on_change(self.refresh)

    def save(self) -> None:
        """Keep the order the ranking question shows now as the ranking."""
        order = values.shown_order(self.wb.answers)
        if not order:
            self.message.value = ("<div class='ck-error' role='alert'>⚠ Put cards in “Very important” first.</div>")
            return
        try:
            self.wb.save("top_values", order)
        except (InvalidAnswer, StoreError) as exc:
            text = exc.message if isinstance(exc, InvalidAnswer) else str(exc)
            self.message.value = render("<div class='ck-error' role='alert'>⚠ {{ t }}</div>", t=text)
            return
        self.message.value = "<div class='ck-status ck-saved' role='status'>✓ Ranking kept</div>"
        self.refresh()

    def refresh(self) -> None:
        answers = self.wb.answers
        meanings = {c.name: c.meaning for c in values.cards()}
        self.summary.value = render(_TOP, top=values.top_values(answers), meanings=meanings,
                                    very=answers.get_answer(f"{WB}.very_important", []),
                                    unranked=values.unranked_values(answers))


@register(WB, "top_five")
def top_five(wb) -> w.Widget:
    """The top five values with their weights and meanings, and the button that keeps the order."""
    return TopFive(wb)


class AlignmentGrid(w.VBox):
    """For each shortlisted option, a 1–5 rating against each top value, with a live score."""

    def __init__(self, wb):
        self.wb = wb
        self.status = w.HTML()
        self.status.add_class("ck-message")
        self.body = w.VBox()
        self._signature: tuple | None = None
        self._scores: dict[str, w.HTML] = {}
        super().__init__([self.body, self.status])
        self.add_class("ck-alignment")
        wb.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the grid when the options or the top values changed (not after each rating)."""
        answers = self.wb.answers
        options = [o["title"] for o in exploration.shortlist(answers)]
        top = values.top_values(answers)
        signature = (tuple(options), tuple(top))
        if signature == self._signature:
            self._draw_scores()
            return
        self._signature = signature
        if not top:
            self.body.children = [w.HTML("<div class='ck-chart-empty'>Choose your top values first: sort the cards "
                                         "and order your very important ones above.</div>")]
            return
        if not options:
            self.body.children = [w.HTML("<div class='ck-chart-empty'>Your shortlist is empty. Add a few roles or "
                                         "industries in <a href='02_explore_roles.ipynb'>workbook 2</a>, then rate "
                                         "them here.</div>")]
            return
        saved = values.ratings(answers)
        cards = []
        self._scores = {}
        for option in options:
            rows: list[w.Widget] = [w.HTML(render("<h4>{{ t }}</h4>", t=option))]
            for value, weight in top:
                rating = saved.get((values._key(option), values._key(value)))
                toggle = w.ToggleButtons(options=[(str(i), i) for i in range(1, 6)], value=rating,
                                         style={"button_width": "2.6em"},
                                         tooltips=[f"{option} · {value}: {i}" for i in range(1, 6)])
                toggle.observe(lambda change, o=option, v=value: self.rate(o, v, change["new"]), "value")
                label = w.HTML(render("<span class='ck-group-label'><span class='ck-visually-hidden'>{{ o }}: "
                                      "</span>{{ v }}</span> <span class='ck-muted'>({{ p }}%)</span>", o=option,
                                      v=value, p=round(weight * 100)), layout=w.Layout(width="16em"))
                rows.append(w.HBox([label, toggle], layout=w.Layout(align_items="center", flex_flow="row wrap"),
                                   _dom_classes=("ck-group",)))
            score = w.HTML()
            self._scores[option] = score
            rows.append(score)
            card = w.VBox(rows)
            card.add_class("ck-row")
            cards.append(card)
        legend = w.HTML("<div class='ck-anchors'><span>1 = works against this value</span>"
                        "<span>5 = fully serves it</span></div>")
        self.body.children = [legend, *cards]
        self._draw_scores()

    def _draw_scores(self) -> None:
        details = {d["title"]: d for d in values.alignment_details(self.wb.answers)}
        for option, widget in self._scores.items():
            d = details.get(option)
            if d is None or d["score"] is None:
                widget.value = "<div class='ck-muted'>Rate this option to see its score.</div>"
            else:
                widget.value = render(
                    "<div><b>Alignment {{ d.score | round | int }}/100</b>"
                    "{% if d.rated < d.total %} <span class='ck-muted'>({{ d.rated }} of {{ d.total }} values rated)"
                    "</span>{% endif %}</div>", d=d)

    def rate(self, option: str, value: str, rating: int | None) -> None:
        """Save one rating (validated) and update that option's score."""
        rows = values.set_rating(self.wb.answers.rows(f"{WB}.alignment_ratings"), option, value, rating)
        try:
            self.wb.save("alignment_ratings", rows)
        except InvalidAnswer as exc:
            self.status.value = _error(exc.message)
            return
        self.status.value = ""
        self._draw_scores()


@register(WB, "alignment_grid")
def alignment_grid(wb) -> w.Widget:
    """Rate each shortlisted option against each top value (a widget that manages itself)."""
    return AlignmentGrid(wb)


_WORK_VALUES = """
<div class='ck-card'>
<h4>How your answers map onto O*NET's work values</h4>
<table class='ck-progress-table'>
<tr><th align='left'>O*NET work value</th><th align='left'>What it covers</th><th align='left'>From your answers</th></tr>
{% for row in rows %}
<tr>
  <td><b>{{ row.name }}</b></td>
  <td class='ck-muted'>{{ row.meaning }}</td>
  <td>{% if row.motivations %}{{ row.motivations | join(', ') }}{% if row.you is not none %} → {{ row.you | round | int }}/100{% endif %}
      {% else %}<span class='ck-muted'>nothing asked here maps onto it</span>{% endif %}
      {% for note in row.notes %}<br><span class='ck-muted'>{{ note }}</span>{% endfor %}
      {% if row.cards %}<br>Among your top values: {{ row.cards | join(', ') }}{% endif %}</td>
</tr>
{% endfor %}
</table>
{% if unmapped %}<p><b>No O*NET counterpart:</b> {% for u in unmapped %}{{ u.label }}. {{ u.note }} {% endfor %}
{% if top_unmapped %}The same goes for {{ top_unmapped }} among your top values. {% endif %}
Weigh these yourself; the comparison cannot see them.</p>{% endif %}
{% for c in comparisons %}
<p><b>{{ c.title }}</b> stands out on {{ c.occupation_top }}.
{% if c.shared %}Of the values you lean on most, it shares {{ c.shared }}.{% elif c.you_top %}None of your strongest ({{ c.you_top }}) is among its stand-outs.{% endif %}</p>
{% endfor %}
<p class='ck-muted'>O*NET's ratings describe what analysts judge the occupation offers, on a 1–7 scale; yours describe
what matters to you, on 1–5. Both are shown on 0–100 only to share an axis, so compare which values stand out,
not the exact heights. The ratings are for the occupation in general in the United States; a particular employer
can differ a great deal.</p>
{{ attribution }}
</div>
"""


@register(WB, "work_values_note")
def work_values_note(wb) -> str:
    """Which of the person's motivations and values map onto which O*NET work value, with caveats."""
    answers = wb.answers
    given = values.motivations(answers)
    you = values.own_work_values(answers)
    top = values.top_value_counterparts(answers)
    labels = {k: lbl for k, (_f, lbl) in values.MOTIVATIONS.items()}
    rows = []
    for wv, (name, meaning) in values.WORK_VALUES.items():
        mapped = [(m, note) for m, (target, note) in values.MOTIVATION_TO_WORK_VALUE.items() if target == wv]
        rows.append({
            "name": name, "meaning": meaning, "you": you[wv],
            "motivations": [labels[m] + (f" ({given[m]}/5)" if m in given else " (not rated)") for m, _n in mapped],
            "notes": [note for _m, note in mapped if note],
            "cards": [t["value"] for t in top if t["work_value"] == wv],
        })
    unmapped = [{"label": labels[m], "note": note} for m, (target, note) in values.MOTIVATION_TO_WORK_VALUE.items()
                if target is None]
    names = {wv: name for wv, (name, _m) in values.WORK_VALUES.items()}
    comparisons = [{**c, "occupation_top": _and([names[v] for v in c["occupation_top"]]),
                    "you_top": _and([names[v] for v in c["you_top"]]), "shared": _and([names[v] for v in c["shared"]])}
                   for c in values.work_value_comparison(answers)]
    return render(_WORK_VALUES, rows=rows, unmapped=unmapped, comparisons=comparisons,
                  top_unmapped=_and([t["value"] for t in top if t["work_value"] is None]),
                  attribution=Markup(onet_attribution_html()))
