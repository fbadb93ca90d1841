/* Text sent from a long box (commentary, minutes, an action's update) survives a sign-in.

   When the session has ended, a form sent goes to the sign-in page, and Django cannot keep what
   was sent. So, as a form is sent, the text of each such box is kept in this tab's
   sessionStorage with the signed-in user's id. The sign-in page keeps it. After signing in,
   SignInThenBackToTheForm (scorecard/middleware.py) leads back to the page the form came from
   with #signed-in on its address, and there, for the same user, the text is put back with a
   message and a button to discard it. Any other page that opens forgets every kept text: the
   form was answered (saved, or sent back with its text and problems). Signing out forgets it too.
   A page names where its drafts belong (data-draft-page on body), so an action's form sent back
   from its own address finds its text on the action's page. */
(function () {
  "use strict";
  var PREFIX = "draft:";
  var MARK = "#signed-in";
  var LONGEST_MS = 60 * 60 * 1000; // a sign-in takes minutes; an hour-old text is stale
  var body = document.body;

  function keyFor(box) {
    return PREFIX + body.getAttribute("data-draft-page") + ":" + box.name;
  }

  function forgetAll() {
    Object.keys(sessionStorage).forEach(function (key) {
      if (key.indexOf(PREFIX) === 0) { sessionStorage.removeItem(key); }
    });
  }

  function keepOnSend(box) {
    if (!box.form) { return; }
    box.form.addEventListener("submit", function () {
      var draft = { user: body.getAttribute("data-user"), at: Date.now(), text: box.value };
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
    // Filled once the status region is on the page, so that a screen reader announces it.
    window.setTimeout(function () {
      words.textContent = "The text you had written in “" + labelOf(box) + "” was not saved, " +
        "because you were signed out. It has been put back: save it again, or discard it.";
      discard.textContent = "Discard the unsaved text in “" + labelOf(box) + "”";
    }, 50);
    return message;
  }

  function putBack(box) {
    var kept = JSON.parse(sessionStorage.getItem(keyFor(box)) || "null");
    var fresh = kept && Date.now() - kept.at < LONGEST_MS;
    if (!fresh || kept.user !== body.getAttribute("data-user") || !kept.text.trim()) { return; }
    if (box.value === kept.text || box.value !== box.defaultValue) { return; }
    var message = notice(box, box.value);
    box.value = kept.text;
    if (document.activeElement === body || document.activeElement === document.querySelector("main")) {
      message.focus();
    }
  }

  try {
    var boxes = document.querySelectorAll("textarea[data-keep-draft]");
    if (body.hasAttribute("data-signing-in")) { return; }
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
