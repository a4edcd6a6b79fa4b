// Ribbon buttons of the "Seuranta" tab (templates/manifest.xml).
// Each <FunctionName> of the manifest is bound here to a Python script in custom_scripts/.
// Office requires event.completed() when the function is done, also after an error.
function seurantaButton(scriptName) {
  return async function (event) {
    try {
      const authResult =
        typeof globalThis.getAuth === "function"
          ? await globalThis.getAuth()
          : { token: "", provider: "" };
      await xlwings.runPython({
        auth: authResult.token,
        scriptName: scriptName,
        headers: { "Auth-Provider": authResult.provider },
      });
    } finally {
      event.completed();
    }
  };
}

Office.actions.associate("seuranta-tarkista", seurantaButton("tarkista"));
Office.actions.associate("seuranta-laske", seurantaButton("laske"));
Office.actions.associate("seuranta-tavoitteet", seurantaButton("tavoitteet"));
Office.actions.associate("seuranta-paivita-kaikki", seurantaButton("paivita_kaikki"));
