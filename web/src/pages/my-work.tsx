import type { PageProps } from '../context.js';
import { NotYet } from './placeholder.js';

export function MyWork(_props: PageProps) {
  return <NotYet title="My work" />;
}
