import type { PageProps } from '../context.js';
import { NotYet } from './placeholder.js';

export function Record(_props: PageProps) {
  return <NotYet title="Record an event" />;
}
