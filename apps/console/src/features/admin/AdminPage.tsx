// Placeholder until this screen is built (issue #5); replaced by its owner.
export default function AdminPage() {
  return <div data-testid="todo-AdminPage">AdminPage</div>;
}
