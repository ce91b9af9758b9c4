// Applies the saved (or the system's) colour theme before the first paint: no flash.
try {
  var t = JSON.parse(localStorage.getItem('ollama-arena.pref.theme') || 'null');
  if (t !== 'light' && t !== 'dark') t = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset.theme = t;
} catch (e) {
  /* storage blocked: the app sets the theme once it starts */
}
