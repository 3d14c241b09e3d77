package io.coffer.core.storage.sqlite;

import io.coffer.core.sse.KeyRecordStore;
import io.coffer.core.sse.KeyRecordStoreContract;
import java.nio.file.Path;

class SqliteKeyRecordStoreTest extends KeyRecordStoreContract {

  @Override
  protected KeyRecordStore open(Path dir) {
    return new SqliteMetadataStore(dir.resolve("coffer.db"));
  }
}
