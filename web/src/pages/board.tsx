import type { PageProps } from '../context.js';
import { NotYet } from './placeholder.js';

export function Board(_props: PageProps) {
  return <NotYet title="Unit board" />;
}
