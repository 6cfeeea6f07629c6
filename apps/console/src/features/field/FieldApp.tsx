// Placeholder until this screen is built (issue #5); replaced by its owner.
export default function FieldApp() {
  return <div data-testid="todo-FieldApp">FieldApp</div>;
}
