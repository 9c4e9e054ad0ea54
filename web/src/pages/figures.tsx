import type { PageProps } from '../context.js';
import { NotYet } from './placeholder.js';

export function Figures(_props: PageProps) {
  return <NotYet title="Figures" />;
}
