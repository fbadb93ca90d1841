/* Focus moves to what the page has to say first: the problems with a form just sent, or a
   message about what was just done, so that it is seen and read out. One script serves every
   page that shows either, where an autofocus attribute would be needed in each template. (A page
   reached from #main-content keeps that fragment, and the browser focuses main instead: the
   message is the first thing in it.) */
(function () {
  "use strict";
  var notice = document.querySelector(".error-summary") || document.querySelector(".notifications");
  if (notice) { notice.focus(); }
}());
