/** The composer the bundle gives ink (see ink-output.ts); `ink-original/output` is ink's own. */
import Original from 'ink-original/output';
import { fastOutput, type OutputClass } from './ink-output';
import { displayWidth } from '../text/width';
import { plainWidth, withoutColours } from './ink-width';

export default fastOutput(Original as unknown as OutputClass, (line) => {
  const width = plainWidth(line);
  if (width !== undefined) return width;
  const plain = withoutColours(line);
  return plain === undefined ? undefined : displayWidth(plain);
});
