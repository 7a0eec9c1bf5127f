package io.mshield.core.persistence.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A {@link javax.sql.DataSource} that opens a new physical connection each time: closing one closes it for real. */
final class UnpooledDataSource extends PlainDataSource {
    private final String url;
    private final String user;
    private final String password;

    /**
     * A data source on a URL.
     *
     * @param url      the JDBC URL
     * @param user     the user
     * @param password the password
     */
    UnpooledDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @Override
    public Connection getConnection(String u, String p) throws SQLException {
        return DriverManager.getConnection(url, u, p);
    }
}
