// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../ipc', async (orig) => (await import('./mock-ipc')).mocked(await orig<Record<string, unknown>>()));

import * as ipc from '../ipc';
import { Desk } from './desk.svelte';
import { covered } from './site.svelte';

function state(p: Partial<ipc.SiteState>): ipc.SiteState {
  return {
    command: 'hugo server',
    trusted: false,
    origin: null,
    needsInstall: false,
    reloadsItself: true,
    error: null,
    ...p,
  };
}

const bounds = { x: 780, y: 100, width: 500, height: 600 };

describe('the Site view', () => {
  let desk: Desk;
  beforeEach(() => {
    vi.clearAllMocks();
    covered.count = 0;
    desk = new Desk();
    desk.session.opened = { path: 'content/posts/a.md', text: 'x' };
    desk.site.setBounds(bounds);
  });

  it('asks before running anything of an untrusted blog', async () => {
    vi.mocked(ipc.siteState).mockResolvedValue(state({ trusted: false }));
    await desk.site.show('site');
    expect(desk.site.phase).toBe('asking');
    expect(ipc.siteOpen).not.toHaveBeenCalled();
  });

  it('starts a trusted blog and shows the post at the pane', async () => {
    vi.mocked(ipc.siteState).mockResolvedValue(state({ trusted: true }));
    vi.mocked(ipc.siteOpen).mockResolvedValue('http://127.0.0.1:5000/posts/a/');
    await desk.site.show('site');
    expect(ipc.siteOpen).toHaveBeenCalledWith('content/posts/a.md', bounds, false);
    expect(desk.site.phase).toBe('shown');
    expect(desk.site.url).toBe('http://127.0.0.1:5000/posts/a/');
  });

  it('asks before npm install, and installs only when told', async () => {
    vi.mocked(ipc.siteState).mockResolvedValue(state({ trusted: true, needsInstall: true, command: 'npm run dev' }));
    await desk.site.show('site');
    expect(desk.site.phase).toBe('asking');
    expect(ipc.siteOpen).not.toHaveBeenCalled();
    await desk.site.open(true);
    expect(ipc.siteOpen).toHaveBeenCalledWith('content/posts/a.md', bounds, true);
  });

  it('shows a failed start with its message and hides the page under a dialog', async () => {
    vi.mocked(ipc.siteState).mockResolvedValue(state({ trusted: true }));
    vi.mocked(ipc.siteOpen).mockRejectedValue({ code: 'siteFailed', message: 'hugo is not installed' });
    await desk.site.show('site');
    expect(desk.site.phase).toBe('failed');
    expect(desk.site.error).toBe('hugo is not installed');
    covered.count = 1;
    expect(desk.site.visibleBounds()).toBeNull();
    covered.count = 0;
    expect(desk.site.visibleBounds()).toEqual(bounds);
  });

  it('hides the page on the Preview tab, and a stopped server waits to be started', async () => {
    vi.mocked(ipc.siteState).mockResolvedValue(state({ trusted: true }));
    vi.mocked(ipc.siteOpen).mockResolvedValue('http://127.0.0.1:5000/posts/a/');
    await desk.site.show('site');
    await desk.site.show('preview');
    expect(ipc.sitePlace).toHaveBeenLastCalledWith(null);
    await desk.site.stop();
    vi.mocked(ipc.siteOpen).mockClear();
    await desk.site.show('site');
    expect(desk.site.phase).toBe('idle');
    expect(ipc.siteOpen).not.toHaveBeenCalled();
  });

  it('reloads after a save only servers without a live reload', async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.siteState).mockResolvedValue(state({ trusted: true, reloadsItself: false }));
    vi.mocked(ipc.siteOpen).mockResolvedValue('http://127.0.0.1:5000/x');
    await desk.site.show('site');
    desk.site.saved();
    vi.runAllTimers();
    expect(ipc.siteReload).toHaveBeenCalledTimes(1);
    desk.site.state = state({ trusted: true, reloadsItself: true });
    desk.site.saved();
    vi.runAllTimers();
    expect(ipc.siteReload).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
