// Placeholder until this screen is built (issue #5); replaced by its owner.
export default function BoardPage() {
  return <div data-testid="todo-BoardPage">BoardPage</div>;
}
