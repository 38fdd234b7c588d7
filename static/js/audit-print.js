// The spot-check sample's print button; in a file so the CSP needs no inline script.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
