/**
 * Typed errors at the boundary. Each carries an HTTP status and a message in words the official
 * understands; the HTTP layer turns them into `{"error": "..."}` and the sync layer into a close
 * reason. Anything else is an internal error and is logged, never shown.
 */
export class YttraError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends YttraError {
  constructor(message = 'Det finns inget sådant dokument.') {
    super(message, 404, 'not_found');
  }
}

export class ValidationError extends YttraError {
  constructor(message: string) {
    super(message, 400, 'invalid');
  }
}

export class UnauthenticatedError extends YttraError {
  constructor(message = 'Du behöver logga in.') {
    super(message, 401, 'unauthenticated');
  }
}

export class ForbiddenError extends YttraError {
  constructor(message = 'Du har inte behörighet till det här dokumentet.') {
    super(message, 403, 'forbidden');
  }
}

export class ConflictError extends YttraError {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message, 409, 'conflict');
  }
}

export class DocumentLockedError extends YttraError {
  constructor(message = 'Dokumentet är justerat och kan inte ändras.') {
    super(message, 423, 'document_locked');
  }
}
