/* Text typed into a long box (commentary, minutes, an action's update) is kept in this browser
   tab until it is saved. If the session ended while it was written, the form goes to the sign-in
   page and Django cannot keep what was sent; after signing in, the same page opens again and the
   text is put back, with a button to discard it. sessionStorage keeps it in this tab only, and
   the browser forgets it when the tab is closed. */
(function () {
  "use strict";

  function sameText(a, b) {
    return a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
  }

  function notice(box, key, saved) {
    var message = document.createElement("div");
    message.className = "notification draft-notice";
    message.setAttribute("role", "status");
    message.tabIndex = -1;
    var words = document.createElement("p");
    words.textContent = "The text you wrote here and had not saved has been put back. Save it, or discard it.";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button--secondary";
    discard.textContent = "Discard the unsaved text";
    discard.addEventListener("click", function () {
      box.value = saved;
      sessionStorage.removeItem(key);
      message.remove();
      box.focus();
    });
    message.append(words, discard);
    return message;
  }

  function keep(box) {
    var key = "draft:" + window.location.pathname + ":" + box.name;
    var kept = sessionStorage.getItem(key);
    // Saved since (the page now holds it), or never more than blank: nothing to put back.
    if (kept !== null && (sameText(kept, box.value) || !kept.trim())) {
      sessionStorage.removeItem(key);
      kept = null;
    }
    // A form sent back with problems holds what was sent; only a fresh page gets the draft.
    if (kept !== null && box.value === box.defaultValue) {
      var message = notice(box, key, box.value);
      box.value = kept;
      (box.closest(".form-group") || box).before(message);
      if (document.activeElement === document.body) { message.focus(); }
    }
    box.addEventListener("input", function () { sessionStorage.setItem(key, box.value); });
  }

  try {
    document.querySelectorAll("textarea[data-keep-draft]").forEach(keep);
  } catch (refused) {
    // Storage turned off by the browser or its policy: drafts are simply not kept.
  }
}());
