// Shared page behaviour. No inline scripts anywhere: the Content-Security-Policy allows scripts from this origin only.
// htmx requests that change state carry the CSRF token the page was rendered with.
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
