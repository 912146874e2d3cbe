/** Implementation details of the client (service providers); not API, may change at any time. */
package org.mlflow4j.client.internal;
