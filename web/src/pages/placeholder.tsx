/** A page not built yet: says so plainly. */
export function NotYet({ title }: { title: string }) {
  return <p class="govuk-body">{title} is not available yet.</p>;
}
