// Consumer portal: registers the service worker (static assets only, see /portal/sw.js). No inline scripts: the
// Content-Security-Policy allows scripts from this origin only.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', function () {
    navigator.serviceWorker.register('/portal/sw.js', { scope: '/portal/' }).catch(function () { /* optional */ });
  });
}
