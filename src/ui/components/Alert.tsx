/** Errors are shown as one readable sentence; role="alert" makes screen readers announce them. */
export function Alert({ title, children }: { title: string; children: string }) {
  return (
    <div className="alert" role="alert">
      <strong>{title}</strong> {children}
    </div>
  );
}
