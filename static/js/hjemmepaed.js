// Starts the design system's components (menus, error summary, ...). Kept in a file, not
// inline, so the Content Security Policy needs no 'unsafe-inline'.
window.DKFDS.init();
