/**
 * A read-only array whose items are made when they are read, and not kept.
 *
 * Why: the findings section of a province's report has 100,000s of rows, each an object of
 * some forty texts and lists that only the template reads, once, while it writes that row.
 * Made up front they took more memory than the whole results file; made on demand, only the
 * row being written exists. A real Array (a Proxy over one), so everything that reads arrays
 * reads it unchanged: Handlebars' `{{#each}}` (with @index, @first, @last), `{{list.length}}`,
 * `{{#if list}}` on an empty one, `for … of`, `map`, `filter`, `find`, JSON. Each read of an
 * index makes a new object: callers read an item once and do not keep it.
 */
export function lazyList<T>(length: number, itemAt: (index: number) => T): readonly T[] {
  const isIndex = (key: string | symbol): key is string => {
    if (typeof key !== 'string') return false;
    const n = Number(key);
    return Number.isInteger(n) && n >= 0 && n < length && String(n) === key;
  };
  return new Proxy([] as T[], {
    get(target, key, receiver) {
      if (key === 'length') return length;
      if (isIndex(key)) return itemAt(Number(key));
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return isIndex(key) || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      if (isIndex(key)) return { value: itemAt(Number(key)), writable: false, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys() {
      return [...Array.from({ length }, (_, i) => String(i)), 'length'];
    },
    set() {
      return false;
    },
    defineProperty() {
      return false;
    },
    deleteProperty() {
      return false;
    },
  });
}
