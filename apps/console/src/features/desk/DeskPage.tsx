// Placeholder until this screen is built (issue #5); replaced by its owner.
export default function DeskPage() {
  return <div data-testid="todo-DeskPage">DeskPage</div>;
}
