// The error thrown by the pure standard-library functions. `message` is the reference runtime
// error text without the `RUNTIME ERROR: ` prefix; the evaluator adds location and trace.

export class StdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StdError';
  }
}
