/** The header as the App mounts it: the store's state through headerModel into the drawn lines. */
import React from 'react';
import { HeaderView } from '../components/Header';
import { useTheme } from '../components/theme';
import type { AppState } from '../state/store';
import { headerModel } from './headerModel';

export { HEADER_LINES } from '../components/Header';

export interface HeaderProps {
  state: AppState;
  target: string;
  readOnly: boolean;
  width: number;
}

export function Header({ state, target, readOnly, width }: HeaderProps): React.ReactElement {
  const theme = useTheme();
  return <HeaderView lines={headerModel(state, { target, readOnly, width, glyphs: theme.glyphs, ascii: !theme.unicode })} width={width} />;
}
