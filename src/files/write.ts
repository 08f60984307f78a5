import fs from 'node:fs';
import path from 'node:path';
import { InputError, ToolkitError } from '../errors.js';
import { fileType } from './read.js';

/**
 * Every file attt writes goes through here. The output is only ever a regular file, written
 * atomically (a temp file beside it, fsync, rename), so a reader never sees half a file and a
 * failure leaves the previous file as it was:
 * - an existing directory, device, FIFO or socket at the output path is refused (exit 2), so
 *   `--out /dev/stdout` run as root cannot replace the system's /dev/stdout;
 * - an existing symbolic link at the output path is refused too: attt writes through no link
 *   and never replaces one (links in the folders above the file are followed as usual);
 * - on any write failure (disk full, file size limit, I/O error) the temp file is removed and
 *   the error names the file and the reason.
 */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const out = openAtomicOutput(file);
  try {
    out.write(data);
    out.commit();
  } catch (error) {
    out.discard();
    throw cannotWrite(out.target, error);
  }
}

/**
 * An output written in pieces (results.json as targets finish): the same guarantees as
 * writeFileAtomic. Until `commit` the data sits in a dot-named temp file beside the target, so
 * an interrupted writer never leaves a file under the real name; `discard` removes the temp file.
 */
export interface AtomicOutput {
  readonly target: string;
  write(data: string | Buffer): void;
  commit(): void;
  discard(): void;
}

export function openAtomicOutput(file: string): AtomicOutput {
  const target = path.resolve(file);
  assertWritableOutput(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
  } catch (error) {
    throw cannotWrite(target, error);
  }
  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    fs.closeSync(open);
  };
  return {
    target,
    write(data) {
      if (fd === undefined) throw new Error(`${target}: write after commit or discard`);
      try {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
      } catch (error) {
        throw cannotWrite(target, error);
      }
    },
    commit() {
      try {
        fs.fsyncSync(fd!);
        close();
        fs.renameSync(tmp, target);
      } catch (error) {
        this.discard();
        throw cannotWrite(target, error);
      }
    },
    discard() {
      try {
        close();
      } catch {
        // the descriptor is gone either way; the temp file is removed below
      }
      fs.rmSync(tmp, { force: true });
    },
  };
}

/** Refuse an output path that exists and is not a regular file (see writeFileAtomic). */
export function assertWritableOutput(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw cannotWrite(file, error);
  }
  if (stat.isFile()) return;
  if (stat.isSymbolicLink()) {
    let to = '?';
    try {
      to = fs.readlinkSync(file);
    } catch {
      // the link vanished meanwhile: the message still names the path
    }
    throw new InputError('ATTT_OUTPUT_NOT_REGULAR', {
      vi: `${file} là một liên kết tượng trưng (tới ${to}); attt không ghi qua liên kết và không thay thế nó. Hãy chỉ ra đường dẫn thật của tệp kết quả.`,
      en: `${file} is a symbolic link (to ${to}); attt neither writes through links nor replaces them. Give the real path of the output file.`,
    });
  }
  const type = fileType(stat);
  throw new InputError('ATTT_OUTPUT_NOT_REGULAR', {
    vi: `${file} là ${type.vi}; attt chỉ ghi kết quả vào tệp thông thường. Hãy chọn một tên tệp khác.`,
    en: `${file} is ${type.en}; attt writes its output only to regular files. Choose another file name.`,
  });
}

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

/**
 * The error for a failed write: no space (exit 3, a runtime fault the user can fix by freeing
 * space), or a folder that does not exist or cannot be written (exit 2, bad `--out`).
 */
export function cannotWrite(file: string, error: unknown): ToolkitError {
  if (error instanceof ToolkitError) return error;
  const errno = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (NO_SPACE.has(errno)) {
    return new ToolkitError('ATTT_OUTPUT_NO_SPACE', {
      vi: `Không ghi được ${file}: hết chỗ trên đĩa hoặc vượt giới hạn kích thước tệp (${errno}). Không để lại tệp tạm nào; tệp cũ (nếu có) vẫn giữ nguyên.`,
      en: `Cannot write ${file}: the disk is full or the file size limit was reached (${errno}). No temporary file was left behind; the earlier file, if any, is unchanged.`,
    }, { cause: error });
  }
  if (errno === 'EIO') {
    return new ToolkitError('ATTT_OUTPUT_IO', {
      vi: `Không ghi được ${file}: lỗi vào/ra của đĩa (${errno}).`,
      en: `Cannot write ${file}: disk input/output error (${errno}).`,
    }, { cause: error });
  }
  return new InputError('ATTT_OUTPUT_UNWRITABLE', {
    vi: `Không ghi được ${file} (${errno}): thư mục ${path.dirname(file)} không tồn tại hoặc không ghi được. Chọn thư mục khác hoặc kiểm tra quyền ghi.`,
    en: `Cannot write ${file} (${errno}): the folder ${path.dirname(file)} does not exist or is not writable. Choose another folder or check permissions.`,
  }, { cause: error });
}

/**
 * Create an output folder (and its parents). A path that exists and is not a folder, or a
 * folder that cannot be created or written, is a clear exit 2 naming the flag and the path.
 */
export function ensureOutputDir(dir: string, flag = '--out'): string {
  const abs = path.resolve(dir);
  try {
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    fs.mkdirSync(abs, { recursive: true });
    fs.accessSync(abs, fs.constants.W_OK);
    // access() says yes to root on a read-only mount: create and remove a probe to be sure.
    const probe = path.join(abs, `.attt-write-test-${process.pid}`);
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(
      'ATTT_OUTPUT_UNWRITABLE',
      { vi: `Không ghi được vào thư mục ${flag} ${abs} (${code}). Chọn thư mục khác hoặc kiểm tra quyền ghi.`, en: `Cannot write to the ${flag} folder ${abs} (${code}). Choose another folder or check permissions.` },
      { cause: error },
    );
  }
  return abs;
}
