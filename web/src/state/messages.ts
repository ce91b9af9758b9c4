// What the UI says to the user: toasts, and the text of an error from the API or the network.
import * as api from '../lib/api';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error' | 'success';
}

export function errorText(e: unknown): string {
  if (e instanceof api.ApiError) return e.full;
  if (e instanceof Error) return e.message === 'Failed to fetch' ? 'The arena server could not be reached.' : e.message;
  return String(e);
}
