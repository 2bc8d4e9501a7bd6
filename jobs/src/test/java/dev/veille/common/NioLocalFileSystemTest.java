package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file:// file system without child processes behaves as Hadoop's own on what Veille does. */
class NioLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  private FileSystem fs;

  @BeforeEach
  void open() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    fs = FileSystem.get(dir.toUri(), conf);
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
  }

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  @Test
  void createsWithHadoopsPermissionsAndReadsThemBack() throws Exception {
    Path sub = new Path(dir.toUri().toString(), "a/b");
    assertThat(fs.mkdirs(sub, new FsPermission((short) 0750))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
        .isEqualTo("rwxr-x---");
    Path file = new Path(sub, "part-0.parquet");
    try (OutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write("rows".getBytes(StandardCharsets.UTF_8));
    }
    FileStatus status = fs.getFileStatus(file);
    assertThat(status.getPermission()).isEqualTo(new FsPermission((short) 0640));
    assertThat(status.getOwner()).isEqualTo(System.getProperty("user.name"));
    assertThat(status.getLen()).isEqualTo(4);
    assertThat(status.isFile()).isTrue();

    fs.setPermission(file, new FsPermission((short) 0604));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0.parquet"))))
        .isEqualTo("rw----r--");
    // The listing carries the same attributes (and the checksum file stays hidden, as in Hadoop's).
    FileStatus[] listed = fs.listStatus(sub);
    assertThat(Arrays.stream(listed).map(s -> s.getPath().getName())).containsExactly("part-0.parquet");
    assertThat(listed[0].getPermission()).isEqualTo(new FsPermission((short) 0604));
    assertThat(listed[0].getModificationTime()).isEqualTo(fs.getFileStatus(file).getModificationTime());
    assertThat(fs.exists(new Path(sub, ".part-0.parquet.crc"))).isTrue();
  }

  /** listFiles (engagement's copy, migrations) reads attributes without Hadoop's `ls -ld` per entry. */
  @Test
  void locatedListingMatchesHadoops() throws Exception {
    Path root = new Path(dir.toUri().toString(), "posts");
    fs.mkdirs(new Path(root, "platform=x/published_month=2026-11"), new FsPermission((short) 0750));
    for (String name : List.of("platform=x/published_month=2026-11/part-0.parquet", "platform=x/part-1.parquet")) {
      try (OutputStream out = fs.create(new Path(root, name), new FsPermission((short) 0640), true, 4096, (short) 1,
          1 << 20, null)) {
        out.write("rows".getBytes(StandardCharsets.UTF_8));
      }
    }
    try (FileSystem hadoops = FileSystem.newInstance(dir.toUri(), new Configuration(false))) {
      List<String> ours = located(fs, root);
      assertThat(ours).hasSize(2).allMatch(s -> s.contains("rw-r-----"))
          .allMatch(s -> s.contains(System.getProperty("user.name")));
      assertThat(ours).containsExactlyInAnyOrderElementsOf(located(hadoops, root));
    }
  }

  private static List<String> located(FileSystem fs, Path root) throws Exception {
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus s = it.next();
      out.add(s.getPath() + " " + s.getLen() + " " + s.getPermission() + " " + s.getOwner() + " " + s.getGroup()
          + " " + s.getModificationTime() + " " + s.getBlockLocations().length);
    }
    return out;
  }

  @Test
  void missingPathsFailAsHadoopsDo() {
    Path missing = new Path(dir.toUri().toString(), "nothing-here");
    assertThatThrownBy(() -> fs.getFileStatus(missing)).isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.setPermission(missing, new FsPermission((short) 0644)))
        .isInstanceOf(FileNotFoundException.class).hasMessageContaining("nothing-here");
    assertThatThrownBy(() -> fs.getFileLinkStatus(missing)).isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void symbolicLinksAreLeftToHadoop() throws Exception {
    java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "x");
    Files.createSymbolicLink(dir.resolve("link.txt"), target);
    Path link = new Path(dir.resolve("link.txt").toUri());
    try (FileSystem hadoops = FileSystem.newInstance(dir.toUri(), new Configuration(false))) {
      FileStatus theirs = hadoops.getFileLinkStatus(link);
      FileStatus ours = fs.getFileLinkStatus(link);
      assertThat(ours.isSymlink()).isEqualTo(theirs.isSymlink());
      assertThat(ours.getPath()).isEqualTo(theirs.getPath());
      assertThat(ours.getLen()).isEqualTo(theirs.getLen());
    }
  }

  /** Delta commits its log with FileContext.rename(..., NONE): the destination must not exist. */
  @Test
  void fileContextRenamesWithoutOverwriting() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf);
    Files.writeString(dir.resolve("00000.json.tmp"), "{}");
    Files.writeString(dir.resolve("00001.json"), "{}");
    Path tmp = new Path(dir.resolve("00000.json.tmp").toUri());
    fc.rename(tmp, new Path(dir.resolve("00000.json").toUri()), Options.Rename.NONE);
    assertThat(dir.resolve("00000.json")).exists();
    Files.writeString(dir.resolve("other.tmp"), "{}");
    assertThatThrownBy(() -> fc.rename(new Path(dir.resolve("other.tmp").toUri()),
        new Path(dir.resolve("00001.json").toUri()), Options.Rename.NONE))
        .isInstanceOf(org.apache.hadoop.fs.FileAlreadyExistsException.class);
  }
}
