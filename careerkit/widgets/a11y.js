// careerkit's form semantics, the part ipywidgets does not render itself.
//
// Text boxes, text areas and drop-downs are named by ipywidgets' own <label for=…> (their
// `description`). Groups of controls are not: a row of toggle buttons, radio buttons, a
// grid of checkboxes, three date boxes, a ranking. This module, loaded once per page by an
// invisible widget (so the same code runs in Voilà and in JupyterLab), ties each group to its
// visible label and help text, marks fields with errors, makes a row of toggle buttons a
// radio group (one Tab stop, arrow keys between options, number keys to choose), gives
// icon-only buttons their names and keeps the keyboard focus on a ranking item that moved.
//
// Containers it reads (classes set by careerkit.widgets): `.ck-field` or `.ck-group` holds
// a label (`.ck-label`, `.ck-sublabel` or `.ck-group-label`), an optional help text
// (`.ck-help`, `.ck-group-help`, a scale's `.ck-anchors`) and an optional message (`.ck-message`); `.ck-anchor-ID`
// names the field an error summary links to (`#ck-input-ID`).

const OWNERS = ".ck-field, .ck-group";
let serial = 0;

function ensureId(el, prefix) {
  if (!el.id) {
    serial += 1;
    el.id = `${prefix}-${serial}`;
  }
  return el.id;
}

/** The elements matching `selector` that belong to `owner` itself, not to a field inside it. */
function own(owner, selector) {
  return Array.from(owner.querySelectorAll(selector)).filter((el) => el.closest(OWNERS) === owner);
}

function setAttr(el, name, value) {
  if (value === null || value === undefined || value === "") {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) {
    el.setAttribute(name, value);
  }
}

function radioGroup(group, labelId, describedBy, invalid) {
  setAttr(group, "role", "radiogroup");
  setAttr(group, "aria-labelledby", labelId);
  setAttr(group, "aria-describedby", describedBy);
  setAttr(group, "aria-invalid", invalid ? "true" : null);
  const buttons = Array.from(group.querySelectorAll(":scope > button"));
  const active = buttons.find((b) => b.classList.contains("mod-active"));
  buttons.forEach((b, index) => {
    setAttr(b, "role", "radio");
    setAttr(b, "aria-checked", b === active ? "true" : "false");
    // one Tab stop per group: the chosen option, or the first when none is chosen
    setAttr(b, "tabindex", (active ? b === active : index === 0) ? "0" : "-1");
    if (b.title && b.title !== b.textContent.trim()) setAttr(b, "aria-label", b.title);
  });
}

function tendOwner(owner) {
  const label = own(owner, ".ck-label, .ck-sublabel, .ck-group-label")[0];
  const labelId = label ? ensureId(label, "ck-label") : null;
  const described = own(owner, ".ck-help, .ck-group-help, .ck-anchors").map((el) => ensureId(el, "ck-help"));
  const error = own(owner, ".ck-message .ck-error")[0];
  if (error) described.push(ensureId(error, "ck-error"));
  const describedBy = described.join(" ");
  const invalid = Boolean(error);

  own(owner, ".widget-toggle-buttons > div").forEach((group) => radioGroup(group, labelId, describedBy, invalid));
  own(owner, ".widget-radio-box").forEach((group) => {
    setAttr(group, "role", "radiogroup");
    setAttr(group, "aria-labelledby", labelId);
    setAttr(group, "aria-describedby", describedBy);
    // a shared name makes the radios one group: one Tab stop, arrow keys between them
    const name = ensureId(group, "ck-radios");
    group.querySelectorAll("input[type=radio]").forEach((r) => setAttr(r, "name", name));
  });
  if (owner.classList.contains("ck-row") && labelId) {  // a row of a table: a group named by its title
    setAttr(owner, "role", "group");
    setAttr(owner, "aria-labelledby", labelId);
  }
  own(owner, ".ck-choices, .ck-date, .ck-ranking, .ck-records").forEach((group) => {
    setAttr(group, "role", "group");
    setAttr(group, "aria-labelledby", labelId);
    setAttr(group, "aria-describedby", describedBy);
  });
  own(owner, "input:not([type=radio]):not([type=checkbox]), textarea, select").forEach((input) => {
    if (input.classList.contains("jupyter-widget-taginput") && labelId && !input.labels?.length) {
      setAttr(input, "aria-labelledby", labelId);  // a tags box has no label of its own
      setAttr(input, "aria-label", label.textContent.trim());  // (and axe looks for a name of its own)
    }
    setAttr(input, "aria-describedby", describedBy);
    setAttr(input, "aria-invalid", invalid ? "true" : null);
  });
  // a tags box hides its text box once it holds tags, until it is clicked: by keyboard, Tab to the
  // box and the text box opens (ipywidgets' own click handler), so tags can be added without a mouse
  own(owner, ".jupyter-widget-tagsinput").forEach((tags) => {
    const wrapper = tags.querySelector(".widget-text");
    const closed = wrapper && wrapper.style.display === "none";
    setAttr(tags, "tabindex", closed ? "0" : null);
    // a group, not a button: the tags inside hold buttons of their own (their close marks)
    setAttr(tags, "role", closed ? "group" : null);
    setAttr(tags, "aria-labelledby", closed && labelId ? labelId : null);
    setAttr(tags, "aria-description", closed ? "press Enter to add" : null);
    if (closed && !tags.ckOpens) {
      tags.ckOpens = true;
      tags.addEventListener("keydown", (event) => {
        if (event.target === tags && (event.key === "Enter" || event.key === " ")) {
          event.preventDefault();
          tags.click();
        }
      });
    }
  });
  // the target of an error summary's link: the field itself (its inputs keep the ids ipywidgets gave them)
  const anchor = Array.from(owner.classList).find((c) => c.startsWith("ck-anchor-"));
  if (anchor && !owner.id) {
    const id = `ck-input-${anchor.slice("ck-anchor-".length)}`;
    if (!document.getElementById(id)) owner.id = id;
  }
}

/** A control whose only label is hidden (a table's compact cells hide ipywidgets' label, as
 * the column heading says it) is named by that label all the same; one with no label but a
 * tooltip is named by the tooltip's words. */
function nameControl(input) {
  const labels = Array.from(input.labels || []);
  if (labels.length && labels.every((l) => l.offsetParent === null && l.textContent.trim())) {
    setAttr(input, "aria-labelledby", labels.map((l) => ensureId(l, "ck-label")).join(" "));
  } else if (!labels.some((l) => l.textContent.trim()) && !input.getAttribute("aria-labelledby")
             && !input.getAttribute("aria-label") && input.title) {
    setAttr(input, "aria-label", input.title);
  }
}

/** The first control of a field a person can reach with Tab. */
function firstControl(owner) {
  const all = owner.querySelectorAll("input, textarea, select, button, [tabindex='0']");
  return Array.from(all).find((el) => el.offsetParent !== null && !el.disabled && el.getAttribute("tabindex") !== "-1");
}

function tend() {
  document.querySelectorAll(OWNERS).forEach(tendOwner);
  // a section's one status line is announced politely when it changes
  document.querySelectorAll(".ck-section-status").forEach((el) => setAttr(el, "role", "status"));
  document.querySelectorAll("button.ck-icon").forEach((b) => {
    if (b.title) setAttr(b, "aria-label", b.title);
  });
  document.querySelectorAll("input:not([type=hidden]), textarea, select").forEach(nameControl);
  keepFocus();
}

// -- keyboard: a row of toggle buttons is a radio group -------------------------------------
function onKey(event) {
  const button = event.target.closest && event.target.closest("button[role=radio]");
  if (!button || event.altKey || event.ctrlKey || event.metaKey) return;
  const buttons = Array.from(button.parentElement.querySelectorAll(":scope > button")).filter((b) => !b.disabled);
  const index = buttons.indexOf(button);
  let target = null;
  if (event.key === "ArrowRight" || event.key === "ArrowDown") target = buttons[(index + 1) % buttons.length];
  else if (event.key === "ArrowLeft" || event.key === "ArrowUp") target = buttons[(index - 1 + buttons.length) % buttons.length];
  else if (event.key === "Home") target = buttons[0];
  else if (event.key === "End") target = buttons[buttons.length - 1];
  else if (/^[1-9]$/.test(event.key)) target = buttons[Number(event.key) - 1] || null;
  if (!target) return;
  event.preventDefault();
  target.focus();
  if (!target.classList.contains("mod-active")) target.click();
}

// -- a ranking item keeps the focus when it moves (its row is drawn again) -------------------
let lastFocus = null;

function onFocus(event) {
  const button = event.target.closest && event.target.closest(".ck-ranking button");
  if (button) lastFocus = { ranking: button.closest(".ck-ranking"), title: button.title };
}

function item(title) {
  const match = /“(.*)”/.exec(title || "");
  return match ? match[1] : null;
}

function keepFocus() {
  if (!lastFocus || !lastFocus.ranking.isConnected) return;
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected && !active.disabled) return;
  const buttons = Array.from(lastFocus.ranking.querySelectorAll("button"));
  const same = buttons.find((b) => b.title === lastFocus.title && !b.disabled);
  const other = buttons.find((b) => item(b.title) === item(lastFocus.title) && !b.disabled);
  const next = same || other;
  if (next) next.focus();
}

// -- links of an error summary move the focus to the field ---------------------------------
function onClick(event) {
  const link = event.target.closest && event.target.closest("a.ck-error-link");
  if (!link) return;
  const field = document.getElementById(link.getAttribute("href").slice(1));
  const target = field && firstControl(field);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: "center" });
  target.focus();
}

let queued = false;
function soon() {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    tend();
  });
}

function start() {
  if (window.__careerkitA11y) return;
  window.__careerkitA11y = true;
  document.addEventListener("keydown", onKey, true);
  document.addEventListener("focusin", onFocus, true);
  document.addEventListener("click", onClick, true);
  new MutationObserver(soon).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class", "disabled"],
  });
  tend();
}

export default {
  render({ el }) {
    el.classList.add("ck-a11y");
    start();
  },
};
