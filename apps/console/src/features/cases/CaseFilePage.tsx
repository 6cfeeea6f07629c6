// Placeholder until this screen is built (issue #5); replaced by its owner.
export default function CaseFilePage() {
  return <div data-testid="todo-CaseFilePage">CaseFilePage</div>;
}
