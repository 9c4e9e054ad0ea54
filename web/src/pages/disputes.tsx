import type { PageProps } from '../context.js';
import { NotYet } from './placeholder.js';

export function Disputes(_props: PageProps) {
  return <NotYet title="Disputes" />;
}
