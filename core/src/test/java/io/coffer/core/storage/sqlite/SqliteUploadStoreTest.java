package io.coffer.core.storage.sqlite;

import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.UploadStoreContract;
import java.nio.file.Path;

class SqliteUploadStoreTest extends UploadStoreContract {

  @Override
  protected MetadataStore open(Path dir) {
    return new SqliteMetadataStore(dir.resolve("coffer.db"));
  }
}
