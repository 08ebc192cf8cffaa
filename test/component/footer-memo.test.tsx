/**
 * The App makes the footer's items and the pane bar's tabs anew on every refresh: the same words,
 * new arrays. Compared by what they say, an unchanged footer or bar is not rendered again.
 */
import React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { Footer } from '../../src/components/Footer';
import { PaneBar } from '../../src/components/PaneBar';
import type { FooterItem } from '../../src/components/keyhelp';

const items = (): FooterItem[] => [
  { key: 'i', label: 'idle' },
  { key: '?', label: 'help', pinned: true },
];
const tabs = (current = 'act') => [
  { key: '1', name: 'act', current: current === 'act' },
  { key: '2', name: 'locks', current: current === 'locks' },
];

// Each of the two draws the theme once per render: the count of renders.
let renders = 0;
vi.mock('../../src/components/theme', async (original) => {
  const theme = await original<typeof import('../../src/components/theme')>();
  return { ...theme, useTheme: () => (renders++, theme.useTheme()) };
});

function Bottom({ screen, width, extra }: { screen: string; width: number; extra?: FooterItem }): React.ReactElement {
  return (
    <>
      <PaneBar tabs={tabs(screen)} width={width} />
      <Footer items={extra ? [extra, ...items()] : items()} width={width} />
    </>
  );
}


describe('footer and pane bar', () => {
  it('render again only when what they say changes', () => {
    const r = render(<Bottom screen="act" width={80} />);
    expect(renders).toBe(2);
    r.rerender(<Bottom screen="act" width={80} />);
    expect(renders).toBe(2);
    r.rerender(<Bottom screen="locks" width={80} extra={{ key: 'x', label: 'explain' }} />);
    expect(renders).toBe(4);
    expect(r.lastFrame()).toContain('[2 locks]');
    expect(r.lastFrame()).toContain('explain');
    r.rerender(<Bottom screen="locks" width={60} extra={{ key: 'x', label: 'explain' }} />);
    expect(renders).toBe(6);
    r.unmount();
  });
});
