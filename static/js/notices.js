/* Focus moves to what the page has to say first: the problems with a form just sent, or a
   message about what was just done, so that it is seen and read out. (The autofocus attribute
   is not enough: Chromium ignores it after a form sent from the keyboard.) */
(function () {
  "use strict";
  var notice = document.querySelector(".error-summary") || document.querySelector(".notifications");
  if (notice) { notice.focus(); }
}());
