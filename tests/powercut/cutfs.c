/*
 * cutfs: a FUSE passthrough file system that simulates a power cut.
 *
 *   cutfs BACKING MOUNTPOINT      (runs in the foreground, single-threaded; build: gcc cutfs.c `pkg-config fuse3 --cflags --libs`)
 *
 * Simulated: a machine whose page cache is lost in a power cut. File DATA writes (write, truncate and other size
 * changes) are held in this daemon's memory and reach BACKING only when the program calls fsync or fdatasync on that
 * file. Reads see the held data, which survives close and reopen and follows the file through a rename (it is keyed
 * by the backing inode). SIGKILL of the daemon is the cut: every unflushed data write is gone, and the mount answers
 * ENOTCONN until it is unmounted (fusermount3 -u -z MOUNTPOINT).
 *
 * Namespace operations (create, mkdir, rename, unlink, rmdir, link, symlink) and metadata (chmod, chown, utimens)
 * reach BACKING at once: the worst ordering for a program that renames a file it did not fsync, which after the cut
 * finds the new name on the old (often empty) content.
 *
 * Not simulated: loss of directory entries (a create or rename that was not followed by an fsync of its folder
 * survives here), torn or reordered writes inside one fsync (a flush is all or nothing up to the cut, since the cut
 * is a SIGKILL between FUSE requests), and sync/syncfs, which flush nothing held here.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BLOCK 4096

/* The unflushed content of one backing file: all of it, with the blocks that differ from BACKING marked. */
struct held {
    ino_t ino;
    char *data;
    off_t size, capacity;
    char *dirty; /* one flag per BLOCK of data */
    struct held *next;
};

static int backing = -1;
static struct held *helds;

static const char *rel(const char *path) {
    return path[1] ? path + 1 : ".";
}

static struct held *find(ino_t ino) {
    for (struct held *h = helds; h; h = h->next)
        if (h->ino == ino)
            return h;
    return NULL;
}

static void drop(ino_t ino) {
    for (struct held **p = &helds; *p; p = &(*p)->next)
        if ((*p)->ino == ino) {
            struct held *h = *p;
            *p = h->next;
            free(h->data);
            free(h->dirty);
            free(h);
            return;
        }
}

static int reserve(struct held *h, off_t size) {
    if (size <= h->capacity)
        return 0;
    off_t capacity = h->capacity ? h->capacity : BLOCK;
    while (capacity < size)
        capacity *= 2;
    char *data = realloc(h->data, capacity);
    char *dirty = realloc(h->dirty, capacity / BLOCK);
    if (data)
        h->data = data;
    if (dirty)
        h->dirty = dirty;
    if (!data || !dirty)
        return -ENOMEM;
    memset(h->dirty + h->capacity / BLOCK, 0, (capacity - h->capacity) / BLOCK);
    h->capacity = capacity;
    return 0;
}

/* The held content of the file open as fd, loaded from BACKING the first time it changes. */
static int hold(int fd, struct held **out) {
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    if ((*out = find(st.st_ino)))
        return 0;
    struct held *h = calloc(1, sizeof *h);
    if (!h)
        return -ENOMEM;
    h->ino = st.st_ino;
    int error = reserve(h, st.st_size);
    for (off_t done = 0; !error && done < st.st_size;) {
        ssize_t n = pread(fd, h->data + done, st.st_size - done, done);
        if (n <= 0)
            error = n < 0 ? -errno : -EIO;
        done += n;
    }
    if (error) {
        free(h->data);
        free(h->dirty);
        free(h);
        return error;
    }
    h->size = st.st_size;
    h->next = helds;
    helds = h;
    *out = h;
    return 0;
}

static void mark(struct held *h, off_t from, off_t to) {
    for (off_t b = from / BLOCK; b * BLOCK < to; b++)
        h->dirty[b] = 1;
}

static int resize(struct held *h, off_t size) {
    int error = reserve(h, size);
    if (error)
        return error;
    if (size > h->size) {
        memset(h->data + h->size, 0, size - h->size);
        mark(h, h->size, size);
    }
    h->size = size;
    return 0;
}

/* Writes the held blocks of fd's file to BACKING and forgets them. */
static int flush_held(int fd, int datasync) {
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    struct held *h = find(st.st_ino);
    if (h) {
        if (ftruncate(fd, h->size) < 0)
            return -errno;
        for (off_t b = 0; b * BLOCK < h->size; b++) {
            if (!h->dirty[b])
                continue;
            off_t at = b * BLOCK, n = h->size - at < BLOCK ? h->size - at : BLOCK;
            if (pwrite(fd, h->data + at, n, at) != n)
                return errno ? -errno : -EIO;
        }
        drop(st.st_ino);
    }
    return (datasync ? fdatasync(fd) : fsync(fd)) < 0 ? -errno : 0;
}

static void *cut_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void) conn;
    cfg->use_ino = 1;
    cfg->entry_timeout = cfg->attr_timeout = cfg->negative_timeout = 0;
    return NULL;
}

static void held_size(struct stat *st) {
    struct held *h = S_ISREG(st->st_mode) ? find(st->st_ino) : NULL;
    if (h) {
        st->st_size = h->size;
        st->st_blocks = (h->size + 511) / 512;
    }
}

static int cut_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    if ((fi ? fstat(fi->fh, st) : fstatat(backing, rel(path), st, AT_SYMLINK_NOFOLLOW)) < 0)
        return -errno;
    held_size(st);
    return 0;
}

static int cut_access(const char *path, int mask) {
    return faccessat(backing, rel(path), mask, 0) < 0 ? -errno : 0;
}

static int cut_readlink(const char *path, char *buf, size_t size) {
    ssize_t n = readlinkat(backing, rel(path), buf, size - 1);
    if (n < 0)
        return -errno;
    buf[n] = 0;
    return 0;
}

static int cut_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t offset, struct fuse_file_info *fi,
        enum fuse_readdir_flags flags) {
    (void) offset, (void) fi, (void) flags;
    int fd = openat(backing, rel(path), O_RDONLY | O_DIRECTORY);
    DIR *dir = fd < 0 ? NULL : fdopendir(fd);
    if (!dir) {
        int error = -errno;
        if (fd >= 0)
            close(fd);
        return error;
    }
    for (struct dirent *e; (e = readdir(dir));) {
        struct stat st = {.st_ino = e->d_ino, .st_mode = (mode_t) DTTOIF(e->d_type)};
        if (fill(buf, e->d_name, &st, 0, 0))
            break;
    }
    closedir(dir);
    return 0;
}

static int cut_mkdir(const char *path, mode_t mode) {
    return mkdirat(backing, rel(path), mode) < 0 ? -errno : 0;
}

static int cut_symlink(const char *target, const char *path) {
    return symlinkat(target, backing, rel(path)) < 0 ? -errno : 0;
}

static int cut_unlink(const char *path) {
    struct stat st;
    int known = fstatat(backing, rel(path), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (unlinkat(backing, rel(path), 0) < 0)
        return -errno;
    if (known && S_ISREG(st.st_mode) && st.st_nlink == 1)
        drop(st.st_ino);
    return 0;
}

static int cut_rmdir(const char *path) {
    return unlinkat(backing, rel(path), AT_REMOVEDIR) < 0 ? -errno : 0;
}

static int cut_rename(const char *from, const char *to, unsigned int flags) {
    struct stat source, target;
    int replaced = fstatat(backing, rel(to), &target, AT_SYMLINK_NOFOLLOW) == 0
            && fstatat(backing, rel(from), &source, AT_SYMLINK_NOFOLLOW) == 0 && source.st_ino != target.st_ino;
    if (syscall(SYS_renameat2, backing, rel(from), backing, rel(to), flags) < 0)
        return -errno;
    if (replaced && !(flags & RENAME_EXCHANGE) && S_ISREG(target.st_mode) && target.st_nlink == 1)
        drop(target.st_ino);
    return 0;
}

static int cut_link(const char *from, const char *to) {
    return linkat(backing, rel(from), backing, rel(to), 0) < 0 ? -errno : 0;
}

static int cut_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    return (fi ? fchmod(fi->fh, mode) : fchmodat(backing, rel(path), mode, 0)) < 0 ? -errno : 0;
}

static int cut_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
    return (fi ? fchown(fi->fh, uid, gid) : fchownat(backing, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW)) < 0 ? -errno : 0;
}

static int cut_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    return (fi ? futimens(fi->fh, tv) : utimensat(backing, rel(path), tv, AT_SYMLINK_NOFOLLOW)) < 0 ? -errno : 0;
}

/* Opens the backing file read-write where it can, so that a later flush can write through the same descriptor. */
static int open_backing(const char *path, int flags, mode_t mode) {
    int plain = flags & ~(O_TRUNC | O_APPEND | O_DIRECT);
    int fd = openat(backing, rel(path), (plain & ~O_ACCMODE) | O_RDWR, mode);
    return fd >= 0 || errno != EACCES ? fd : openat(backing, rel(path), plain, mode);
}

static int truncate_fd(int fd, off_t size) {
    struct held *h;
    int error = hold(fd, &h);
    return error ? error : resize(h, size);
}

static int opened(int fd, struct fuse_file_info *fi) {
    if (fd < 0)
        return -errno;
    if (fi->flags & O_TRUNC) {
        int error = truncate_fd(fd, 0);
        if (error) {
            close(fd);
            return error;
        }
    }
    fi->fh = fd;
    return 0;
}

static int cut_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    return opened(open_backing(path, fi->flags | O_CREAT, mode), fi);
}

static int cut_open(const char *path, struct fuse_file_info *fi) {
    return opened(open_backing(path, fi->flags, 0), fi);
}

static int cut_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    if (fi)
        return truncate_fd(fi->fh, size);
    int fd = open_backing(path, O_RDONLY, 0);
    if (fd < 0)
        return -errno;
    int error = truncate_fd(fd, size);
    close(fd);
    return error;
}

static int cut_read(const char *path, char *buf, size_t size, off_t offset, struct fuse_file_info *fi) {
    (void) path;
    struct stat st;
    if (fstat(fi->fh, &st) < 0)
        return -errno;
    struct held *h = find(st.st_ino);
    if (!h) {
        ssize_t n = pread(fi->fh, buf, size, offset);
        return n < 0 ? -errno : (int) n;
    }
    if (offset >= h->size)
        return 0;
    size_t n = (size_t) (h->size - offset) < size ? (size_t) (h->size - offset) : size;
    memcpy(buf, h->data + offset, n);
    return (int) n;
}

static int cut_write(const char *path, const char *buf, size_t size, off_t offset, struct fuse_file_info *fi) {
    (void) path;
    struct held *h;
    int error = hold(fi->fh, &h);
    if (error)
        return error;
    if (fi->flags & O_APPEND)
        offset = h->size;
    if (offset + (off_t) size > h->size && (error = resize(h, offset + size)))
        return error;
    memcpy(h->data + offset, buf, size);
    mark(h, offset, offset + size);
    return (int) size;
}

static int cut_statfs(const char *path, struct statvfs *st) {
    (void) path;
    return fstatvfs(backing, st) < 0 ? -errno : 0;
}

static int cut_release(const char *path, struct fuse_file_info *fi) {
    (void) path;
    struct stat st;
    if (fstat(fi->fh, &st) == 0 && st.st_nlink == 0)
        drop(st.st_ino); /* the last name went while it was open: nobody can reach its data again */
    close(fi->fh);
    return 0;
}

static int cut_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path;
    return flush_held(fi->fh, datasync);
}

static int cut_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
    (void) path, (void) datasync, (void) fi;
    return 0; /* directory entries reach BACKING at once */
}

static const struct fuse_operations operations = {
    .init = cut_init,
    .getattr = cut_getattr,
    .access = cut_access,
    .readlink = cut_readlink,
    .readdir = cut_readdir,
    .mkdir = cut_mkdir,
    .symlink = cut_symlink,
    .unlink = cut_unlink,
    .rmdir = cut_rmdir,
    .rename = cut_rename,
    .link = cut_link,
    .chmod = cut_chmod,
    .chown = cut_chown,
    .utimens = cut_utimens,
    .create = cut_create,
    .open = cut_open,
    .truncate = cut_truncate,
    .read = cut_read,
    .write = cut_write,
    .statfs = cut_statfs,
    .release = cut_release,
    .fsync = cut_fsync,
    .fsyncdir = cut_fsyncdir,
};

int main(int argc, char *argv[]) {
    if (argc != 3) {
        fprintf(stderr, "usage: cutfs BACKING MOUNTPOINT\n");
        return 2;
    }
    backing = open(argv[1], O_RDONLY | O_DIRECTORY);
    if (backing < 0) {
        perror(argv[1]);
        return 2;
    }
    char *args[] = {argv[0], "-f", "-s", "-o", "fsname=cutfs", argv[2], NULL};
    return fuse_main(6, args, &operations, NULL);
}
