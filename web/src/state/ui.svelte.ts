// Which dialogs are open, plus small browser helpers (download, clipboard).

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  danger: boolean;
  resolve: (ok: boolean) => void;
}

export const ui = $state({
  /** Instance editor: null = closed; editId set = editing that instance. */
  editor: null as null | { editId?: string; model?: string },
  manager: false,
  reveal: false,
  confirm: null as ConfirmRequest | null,
});

export function confirmAction(opts: Omit<ConfirmRequest, 'resolve' | 'danger' | 'confirmLabel'> & Partial<Pick<ConfirmRequest, 'danger' | 'confirmLabel'>>): Promise<boolean> {
  return new Promise((resolve) => {
    ui.confirm = { confirmLabel: 'Confirm', danger: false, ...opts, resolve };
  });
}

export function download(filename: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Older browsers or a denied permission: fall back to a hidden textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
