/** The one error vocabulary; the error handler in app.ts turns each into a page or JSON. */
export class AppError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'We could not find that page.') {
    super(message, 404);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'This page is not open to your account.') {
    super(message, 403);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409);
  }
}

/** A rule refused the input; `fields` maps form field names to messages shown next to them. */
export class ValidationError extends AppError {
  constructor(
    message: string,
    public readonly fields: Record<string, string> = {},
  ) {
    super(message, 422);
  }
}
