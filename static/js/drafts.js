/* What was sent from a form with a long text box (commentary, minutes, an action's update)
   survives a sign-in, or a form refused because it had expired.

   Django cannot keep a form sent after the session ended: it goes to the sign-in page. So, as
   such a form is sent, its text and choices are kept in this tab's sessionStorage with the
   signed-in user's id and the time. Pages that stand between sending and the answer (sign-in,
   "signing in is paused", "the form has expired", error pages: data-keeps-drafts, or any page
   with nobody signed in) keep them, for an hour at most. After signing in, the way back to the
   page the form came from is marked #signed-in (scorecard/middleware.py), and there, for the
   same user, the form is filled in again with a message and a button to discard it. Any other
   page forgets every kept form: it was answered (saved, or sent back with its text and
   problems). So does signing out. A page names where its drafts belong (data-draft-page), so
   an action's form sent back from its own address finds its text on the action's page. */
(function () {
  "use strict";
  var PREFIX = "draft:";
  var MARK = "#signed-in";
  var LONGEST_MS = 60 * 60 * 1000; // a sign-in takes minutes; an hour-old form is stale
  var body = document.body;

  function keyFor(box) {
    return PREFIX + body.getAttribute("data-draft-page") + ":" + box.name;
  }

  function keptKeys() {
    return Object.keys(sessionStorage).filter(function (key) { return key.indexOf(PREFIX) === 0; });
  }

  function forgetAll() {
    keptKeys().forEach(function (key) { sessionStorage.removeItem(key); });
  }

  function forgetStale() {
    var soonest = LONGEST_MS;
    keptKeys().forEach(function (key) {
      var age = Date.now() - JSON.parse(sessionStorage.getItem(key)).at;
      if (age >= LONGEST_MS) { sessionStorage.removeItem(key); } else { soonest = Math.min(soonest, LONGEST_MS - age); }
    });
    if (keptKeys().length) { window.setTimeout(forgetStale, soonest); }
  }

  // The form's other choices (an action's outcome or status), so that what is put back is
  // saved as it was meant: never hidden fields, the token or buttons.
  function choicesOf(form, box) {
    return Array.prototype.filter.call(form.elements, function (field) {
      var kind = field.type;
      return field.name && field !== box && ["hidden", "password", "file", "submit", "button"].indexOf(kind) === -1 &&
        ((kind !== "checkbox" && kind !== "radio") || field.checked);
    }).map(function (field) { return [field.name, field.value]; });
  }

  function restoreChoices(form, choices) {
    choices.forEach(function (choice) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== choice[0]) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = field.value === choice[1];
        } else if (field.tagName !== "TEXTAREA") {
          field.value = choice[1];
        }
      });
    });
  }

  function keepOnSend(box) {
    if (!box.form) { return; }
    box.form.addEventListener("submit", function () {
      var draft = { user: body.getAttribute("data-user"), at: Date.now(), text: box.value,
                    choices: choicesOf(box.form, box) };
      sessionStorage.setItem(keyFor(box), JSON.stringify(draft));
    });
  }

  function labelOf(box) {
    var label = box.id && document.querySelector('label[for="' + box.id + '"]');
    return label ? label.textContent.trim() : "the box";
  }

  function notice(box, saved) {
    var message = document.createElement("div");
    message.className = "notification draft-notice";
    message.setAttribute("role", "status");
    message.tabIndex = -1;
    var words = document.createElement("p");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button--secondary";
    discard.addEventListener("click", function () {
      box.value = saved;
      message.remove();
      box.focus();
    });
    message.append(words, discard);
    (box.closest(".form-group") || box).before(message);
    var takeFocus = document.activeElement === body || document.activeElement === document.querySelector("main");
    // Filled once the status region is on the page, so that a screen reader announces it.
    window.setTimeout(function () {
      words.textContent = "What you had written in “" + labelOf(box) + "” was not saved. It " +
        "has been put back, with your choices on this form: check them and save again, or " +
        "discard it.";
      discard.textContent = "Discard the unsaved text in “" + labelOf(box) + "”";
      if (takeFocus) { message.focus(); }
    }, 50);
  }

  function putBack(box) {
    var kept = JSON.parse(sessionStorage.getItem(keyFor(box)) || "null");
    var fresh = kept && Date.now() - kept.at < LONGEST_MS;
    if (!fresh || kept.user !== body.getAttribute("data-user")) { return; }
    if (box.value === kept.text || box.value !== box.defaultValue) { return; }
    notice(box, box.value);
    box.value = kept.text;
    restoreChoices(box.form, kept.choices || []);
  }

  try {
    if (body.hasAttribute("data-keeps-drafts") || !body.hasAttribute("data-user")) {
      forgetStale();
      return;
    }
    var boxes = document.querySelectorAll("textarea[data-keep-draft]");
    if (window.location.hash === MARK) {
      boxes.forEach(putBack);
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    forgetAll();
    boxes.forEach(keepOnSend);
    document.querySelectorAll("form[data-signs-out]").forEach(function (form) {
      form.addEventListener("submit", forgetAll);
    });
  } catch (refused) {
    // Storage turned off by the browser or its policy: nothing is kept.
  }
}());
