/* Focus moves to the message about what was just done, so that it is seen and read out. The
   autofocus attribute alone is not enough: Chromium ignores it after a form sent from the
   keyboard. */
(function () {
  "use strict";
  var notice = document.querySelector(".notifications");
  if (notice) { notice.focus(); }
}());
