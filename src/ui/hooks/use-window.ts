import { useRef } from 'react';
import { windowStart } from '../view/layout.js';

/**
 * First visible row of a list window that follows the selection with minimal
 * scrolling. Only `size` rows are ever handed to the table, however long the list.
 */
export function useWindow(selected: number, size: number, total: number): number {
  const start = useRef(0);
  start.current = windowStart(start.current, Math.max(0, selected), size, total);
  return start.current;
}
