// Cursor paging: the API gives only a next cursor, so previous pages are a stack of the cursors used.
import {h} from './dom.js';

export class CursorPager {
  constructor(onChange) {
    this.stack = [null];
    this.next = null;
    this.onChange = onChange;
  }

  get cursor() { return this.stack[this.stack.length - 1]; }

  get page() { return this.stack.length; }

  reset() { this.stack = [null]; this.next = null; }

  /** Records the nextCursor of the page just shown. */
  loaded(nextCursor) { this.next = nextCursor || null; }

  forward() {
    if (!this.next) return;
    this.stack.push(this.next);
    this.onChange();
  }

  back() {
    if (this.stack.length <= 1) return;
    this.stack.pop();
    this.onChange();
  }

  /** Previous / page n / Next controls; ids get the given prefix. */
  controls(prefix, label) {
    return h('nav', {class: 'pager', 'aria-label': label},
      h('button', {type: 'button', class: 'secondary', id: `${prefix}-prev`, disabled: this.page <= 1,
        onclick: () => this.back()}, '← Previous'),
      h('span', {id: `${prefix}-page`}, `Page ${this.page}`),
      h('button', {type: 'button', class: 'secondary', id: `${prefix}-next`, disabled: !this.next,
        onclick: () => this.forward()}, 'Next →'));
  }
}
