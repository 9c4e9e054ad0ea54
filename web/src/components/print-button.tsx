/** "Print this page": the browser's own print, which leaves the menu and the filters out (app.css). */
export function PrintButton() {
  return (
    <button
      type="button"
      class="govuk-button govuk-button--secondary app-no-print"
      onClick={() => window.print()}
    >
      Print this page
    </button>
  );
}
