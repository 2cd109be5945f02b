// How the suite's Allure report is built (docs/allure.md): one French HTML file that opens
// from file:// like the living spec, no analytics (also set ALLURE_NO_ANALYTICS=true).
import { defineConfig } from "allure";

export default defineConfig({
  name: "Conformité : inscription sur « Mon Compte Formation »",
  plugins: {
    awesome: {
      options: { singleFile: true, reportLanguage: "fr", groupBy: ["feature", "story"] },
    },
  },
});
