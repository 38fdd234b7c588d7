// Starts the design system's components (menus, error summary, ...). Kept in a file, not
// inline, so the Content Security Policy needs no 'unsafe-inline'.
window.DKFDS.init();

// A form with data-confirm (e.g. withdrawing a consent) asks once before it posts: the same
// click, no extra page. Without JavaScript the form simply posts.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
