package dev.veille.common;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * Hadoop's local file system ({@code file://}) with permissions set through {@code java.nio.file}
 * instead of child processes. Without Hadoop's native library (which Spark's distribution does not
 * ship), {@link RawLocalFileSystem} runs {@code chmod} for every directory and file it creates and
 * {@code readlink} for every rename through {@code FileContext} (Delta's log commits, even when the
 * path is no link): 1,846 of the 1,966 processes one nightly of a 150-post sample started. Files,
 * checksums, statuses and every other behaviour are Hadoop's; only those two calls change (reading
 * permissions eagerly through NIO instead of Hadoop's lazy {@code ls -ld} made a report over a
 * million posts slower, so statuses stay Hadoop's). A located listing ({@code listFiles}), which
 * needs every entry's permissions, owner and group, reads them through NIO instead of one
 * {@code ls -ld} per entry. Installed by
 * {@link SparkSessions#withDelta} as {@code fs.file.impl} and {@code fs.AbstractFileSystem.file.impl}
 * unless the user set them.
 */
public class NioLocalFileSystem extends LocalFileSystem {

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw (checksum-less) file system underneath: what both entry points wrap. */
  public static class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      File file = pathToFile(p);
      try {
        Files.setPosixFilePermissions(file.toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): Hadoop's own way.
        super.setPermission(p, permission);
      } catch (NoSuchFileException e) {
        throw fileNotFound(p, e);
      }
    }

    /**
     * Hadoop's located listing, with each entry's permission, owner and group read through NIO:
     * Hadoop's {@code LocatedFileStatus} asks for them, and its local statuses load them lazily
     * with one {@code ls -ld} per entry. An entry gone since the listing keeps no permission, owner
     * or group, as in Hadoop's (whose {@code ls} then fails with status 1). NIO does not read the
     * sticky bit, which Hadoop's would show on a shared folder such as {@code /tmp}: nothing in
     * Veille reads it.
     */
    @Override
    protected RemoteIterator<LocatedFileStatus> listLocatedStatus(Path f, PathFilter filter) throws IOException {
      FileStatus[] statuses = listStatus(f, filter);
      return new RemoteIterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < statuses.length;
        }

        @Override
        public LocatedFileStatus next() throws IOException {
          if (!hasNext()) {
            throw new NoSuchElementException("No more entries in " + f);
          }
          FileStatus s = statuses[next++];
          BlockLocation[] blocks = s.isFile() ? getFileBlockLocations(s, 0, s.getLen()) : null;
          PosixFileAttributes attributes;
          try {
            attributes = Files.readAttributes(pathToFile(s.getPath()).toPath(), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
          } catch (UnsupportedOperationException e) {
            return new LocatedFileStatus(s, blocks);
          } catch (NoSuchFileException e) {
            attributes = null;
          }
          return new LocatedFileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(),
              s.getModificationTime(), s.getAccessTime(),
              attributes == null ? null : permission(attributes.permissions()),
              attributes == null ? null : attributes.owner().getName(),
              attributes == null ? null : attributes.group().getName(),
              s.isSymlink() ? s.getSymlink() : null, s.getPath(), blocks);
        }
      };
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      // Hadoop reads a link's target with `readlink` even when the path is no link at all, or
      // does not exist (a rename's destination); then it throws getFileStatus's FileNotFoundException.
      if (!Files.isSymbolicLink(pathToFile(f).toPath())) {
        return getFileStatus(f);
      }
      return super.getFileLinkStatus(f);
    }
  }

  /**
   * The {@code FileContext} side of {@code file://} (Delta writes its log through it): Hadoop's
   * {@code LocalFs} over {@link Raw}.
   */
  public static class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }

    public Fs(Configuration conf) throws IOException, URISyntaxException {
      this(FsConstants.LOCAL_FS_URI, conf);
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
  public static class RawFs extends DelegateToFileSystem {
    public RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;
    }

    @Override
    @SuppressWarnings("deprecation")
    public FsServerDefaults getServerDefaults() throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public FsServerDefaults getServerDefaults(Path f) throws IOException {
      return LocalConfigKeys.getServerDefaults();
    }

    @Override
    public boolean isValidName(String src) {
      return true;
    }
  }

  private static FileNotFoundException fileNotFound(Path p, NoSuchFileException cause) {
    FileNotFoundException e = new FileNotFoundException("File " + p + " does not exist");
    e.initCause(cause);
    return e;
  }

  static Set<PosixFilePermission> posix(FsPermission p) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    add(out, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_EXECUTE);
    add(out, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_EXECUTE);
    add(out, p.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_EXECUTE);
    return out;
  }

  private static void add(Set<PosixFilePermission> out, FsAction a, PosixFilePermission r, PosixFilePermission w,
      PosixFilePermission x) {
    if (a.implies(FsAction.READ)) {
      out.add(r);
    }
    if (a.implies(FsAction.WRITE)) {
      out.add(w);
    }
    if (a.implies(FsAction.EXECUTE)) {
      out.add(x);
    }
  }

  static FsPermission permission(Set<PosixFilePermission> s) {
    return new FsPermission(
        action(s.contains(PosixFilePermission.OWNER_READ), s.contains(PosixFilePermission.OWNER_WRITE),
            s.contains(PosixFilePermission.OWNER_EXECUTE)),
        action(s.contains(PosixFilePermission.GROUP_READ), s.contains(PosixFilePermission.GROUP_WRITE),
            s.contains(PosixFilePermission.GROUP_EXECUTE)),
        action(s.contains(PosixFilePermission.OTHERS_READ), s.contains(PosixFilePermission.OTHERS_WRITE),
            s.contains(PosixFilePermission.OTHERS_EXECUTE)));
  }

  private static FsAction action(boolean r, boolean w, boolean x) {
    return FsAction.values()[(r ? 4 : 0) | (w ? 2 : 0) | (x ? 1 : 0)];
  }
}
