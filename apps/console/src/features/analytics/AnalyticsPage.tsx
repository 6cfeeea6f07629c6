// Placeholder until this screen is built (issue #5); replaced by its owner.
export default function AnalyticsPage() {
  return <div data-testid="todo-AnalyticsPage">AnalyticsPage</div>;
}
