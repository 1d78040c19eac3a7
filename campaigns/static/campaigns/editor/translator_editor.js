/* The translator's editor (campaigns.translation.editor): wagtail-modeltranslation's language
   picker opens on the screen's language and keeps toggles for the languages the item is offered
   in, in its order; the others go under one "Other languages" disclosure, still reachable.
   The language being worked in (the last one switched on) goes with the form, in a hidden
   "translator_language" field added as the form is submitted (not before: Wagtail would count
   each switch of language as an unsaved change): the server remembers it, so the screen it
   redirects to after "Save draft" opens on it again.
   The server renders everything else (the source texts); without this script every toggle
   stays as wagtail-modeltranslation draws it. */
(() => {
  "use strict";

  let config = null;
  let working = null; // the language being worked in

  // Scripts run in the page's head: the form (and the settings it carries) is read once parsed.
  // wagtail-modeltranslation builds its picker on jQuery's ready, which comes after this
  // listener (jQuery 3 runs its ready callbacks asynchronously): the picker then opens on the
  // screen's language by itself.
  document.addEventListener("DOMContentLoaded", () => {
    const element = document.getElementById("translator-editor-languages");
    const picker = window.wagtailModelTranslations;
    if (!element || !picker) return;
    config = JSON.parse(element.textContent);
    working = config.opening;
    const form = element.closest("form");
    if (form) form.addEventListener("submit", () => sendWorking(form), { capture: true });
    picker.locale_picker_default = [config.opening];
    picker.locale_picker_restore = false;
    if (document.querySelector(".locale-picker")) {
      showOnly(config.opening); // built already after all: switch by its own buttons
      arrange();
    }
  });

  function showOnly(code) {
    for (const button of document.querySelectorAll(".locale-picker button.locale-toggle")) {
      if (button.classList.contains("showing-locale") !== (button.textContent.trim() === code)) {
        button.click();
      }
    }
  }

  function pressed(button) {
    button.setAttribute("aria-pressed", String(button.classList.contains("showing-locale")));
  }

  // The language switched on last; when it is switched off, the first one still showing.
  function remember(button) {
    const code = button.textContent.trim();
    if (button.classList.contains("showing-locale")) {
      working = code;
    } else if (working === code) {
      const showing = document.querySelector(".locale-picker button.locale-toggle.showing-locale");
      working = showing ? showing.textContent.trim() : config.opening;
    }
  }

  // In the submitted form only: taken out again once the browser has read the form.
  function sendWorking(form) {
    const field = document.createElement("input");
    field.type = "hidden";
    field.name = "translator_language";
    field.value = working;
    form.append(field);
    setTimeout(() => field.remove());
  }

  function arrange() {
    const list = document.querySelector(".locale-picker ul.locales");
    if (!config || !list || list.dataset.arranged) return;
    list.dataset.arranged = "true";
    hideFoldedCopyButtons();
    const items = {};
    for (const button of list.querySelectorAll("button.locale-toggle")) {
      const code = button.textContent.trim();
      items[code] = button.closest("li");
      if (config.names[code]) button.title = config.names[code];
      pressed(button);
      // Runs after wagtail-modeltranslation's own listener has toggled the class.
      button.addEventListener("click", () => {
        pressed(button);
        remember(button);
      });
    }
    for (const code of config.offered) {
      if (items[code]) list.append(items[code]);
    }
    const folded = config.folded.filter((code) => items[code]);
    if (folded.length === 0) return;
    const details = document.createElement("details");
    details.className = "locale-others";
    const summary = document.createElement("summary");
    summary.textContent = config.otherLanguages;
    const others = document.createElement("ul");
    others.className = "locales";
    for (const code of folded) others.append(items[code]);
    details.append(summary, others);
    details.open = folded.includes(config.opening);
    list.after(details);
  }

  // Its "Copy content from" buttons above each StreamField: only from the languages offered.
  function hideFoldedCopyButtons() {
    if (!config) return;
    for (const button of document.querySelectorAll("button.translation-field-copy")) {
      if (config.folded.includes(button.textContent.trim())) button.hidden = true;
    }
  }

  // wagtail-modeltranslation announces its field sets just before it builds the picker.
  document.addEventListener("wagtail-modeltranslation:buildSets:done", () => setTimeout(arrange));
  window.addEventListener("load", () => {
    arrange();
    hideFoldedCopyButtons();
  });
})();
