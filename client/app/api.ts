/**
 * The JSON API as the client uses it. Errors carry the server's Swedish sentence, which the
 * pages show as it is.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    payload = body as BodyInit;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...headers, ...(init.headers as Record<string, string>) },
      body: payload,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('Servern svarar inte. Kontrollera anslutningen och försök igen.', 0);
  }
  const text = await response.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    throw new ApiError(String(data.error ?? `Något gick fel (${response.status}).`), response.status, data);
  }
  return data as T;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  title: string;
  party: string | null;
  isAdmin: boolean;
  /** Runs ärenden and the workflow's meeting steps (issue 16). */
  isNamndsekreterare?: boolean;
  /** Signed in with a one-time password: the password form comes before anything else. */
  mustChangePassword: boolean;
}

export interface DocumentSummary {
  id: string;
  type: string;
  typeLabel: string;
  title: string;
  status: string;
  updatedAt: string;
  role: string;
  privateToGroup?: string | null;
  arendeId?: string | null;
  archivedAt?: string | null;
  /** In the wastebasket: when it is removed for good. */
  purgeAt?: string;
}

export interface Meeting {
  organ: string;
  date: string;
}

export interface Arende {
  id: string;
  diarienummer: string;
  arendemening: string;
  namnd: string;
  handlaggare: string | null;
  beslutsplanering: Meeting[];
}

/** `GET /api/arenden/:id`: the documents are those the user may see, with who is in each now. */
export interface ArendeView extends Arende {
  handlaggareName: string | null;
  documents: Array<DocumentSummary & { present: Array<{ name: string; party: string | null }> }>;
}
