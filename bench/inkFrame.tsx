/**
 * The floor for start-up: Node loading a bundled ink and drawing one frame, then exiting.
 * The bundle is built by run.mjs the way the release bundle is.
 */
import React from 'react';
import { render, Text } from 'ink';

const instance = render(<Text>ink frame ready</Text>, { patchConsole: false, exitOnCtrlC: false });
instance.unmount();
