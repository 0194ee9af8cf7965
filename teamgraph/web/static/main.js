// The app's entry point (the pages come in app.js).
document.getElementById("app").textContent = "teamgraph";
